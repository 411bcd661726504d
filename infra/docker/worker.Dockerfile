# ComputeEngine.Worker image. Build context: the repository root (azure.yaml: docker.context).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The whole solution source: project references and Directory.*.props resolve as in a local build.
COPY . .
RUN dotnet publish ComputeEngine.Worker/ComputeEngine.Worker.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled: no shell or package manager. InvariantGlobalization (Directory.Build.props) means no ICU is needed.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "ComputeEngine.Worker.dll"]
